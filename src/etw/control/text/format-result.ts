/**
 * The frame logman puts around every command's output: the success trailer
 * (blank line + "The command completed successfully.") and the error block
 * (blank line, "Error:", message lines). docs/architecture.md F11.
 */
export const SUCCESS_MESSAGE = 'The command completed successfully.';

export function successTrailer(): string[] {
  return ['', SUCCESS_MESSAGE];
}

export function errorBlock(messageLines: string[]): string[] {
  return ['', 'Error:', ...messageLines];
}
