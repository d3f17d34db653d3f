/**
 * The text of a SARIF 2.1.0 log with a single run of `tool` that did not succeed, its reason the one error
 * notification `message` (as a tool that crashed, or had no data to work with, is reported).
 */
export function failedRunSarif(tool: string, message: string): string {
  return JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: tool } },
        invocations: [
          {
            executionSuccessful: false,
            toolExecutionNotifications: [{ level: 'error', message: { text: message } }],
          },
        ],
      },
    ],
  });
}
