const HEADINGS: Record<number, string> = {
  400: 'That request could not be processed',
  403: 'You do not have access to this page',
  404: 'Page not found',
  429: 'Too many requests',
  500: 'Something went wrong',
};

// An error page: a heading for the status (400's for one without its own), the message, and
// the id to quote when the error was unexpected (logged under that id), else null.
export function errorPage(status: number, message: string, errorId: string | null) {
  const heading = HEADINGS[status] ?? HEADINGS[400];
  return { title: heading, heading, message, status, errorId };
}
