/**
 * time.Duration.String() for whole milliseconds, as the kubelet prints durations in events and
 * messages: "830ms", "1.44s", "20s", "1m20s", "5m0s", "1h0m0s".
 */
export function goDuration(ms: number): string {
  const total = Math.round(ms);
  if (total === 0) return '0s';
  if (total < 0) return `-${goDuration(-total)}`;
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const secMs = total % 60_000;
  const whole = Math.floor(secMs / 1000);
  const frac = String(secMs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  const seconds = `${whole}${frac ? `.${frac}` : ''}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}
