/** What a form's last request came to: kubectl's success line or its error text. */
export interface Result {
  ok: boolean;
  text: string;
}

export function ResultMessage({ result, testId }: { result: Result | undefined; testId: string }) {
  if (!result) return null;
  return (
    <p role="status" className={result.ok ? 'result ok' : 'result error'} data-testid={testId}>
      {result.text}
    </p>
  );
}
