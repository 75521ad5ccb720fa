/** Playback glyphs drawn as SVG: the skip symbols are missing from many system fonts. */
const common = {
  width: 16,
  height: 16,
  viewBox: '0 0 16 16',
  'aria-hidden': true,
  focusable: false,
  fill: 'currentColor',
} as const;

export function SkipToStartIcon() {
  return (
    <svg {...common}>
      <rect x="2" y="3" width="2" height="10" />
      <path d="M14 3v10L5 8z" />
    </svg>
  );
}

export function SkipToEndIcon() {
  return (
    <svg {...common}>
      <rect x="12" y="3" width="2" height="10" />
      <path d="M2 3v10l9-5z" />
    </svg>
  );
}
