// The JSON API as the page uses it: the same calls as curl, with the session cookie, the CSRF
// token on every change, and problem details turned into an error the page can show.

let csrf = null;

/** Remembers the CSRF token that /api/me gave (header name and value). */
export function useCsrf(token) {
  csrf = token;
}

/** A refusal of the API: its status, title and the list of specific errors. */
export class ApiProblem extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
    this.status = status;
    this.title = (problem && problem.title) || 'HTTP ' + status;
    this.errors = (problem && Array.isArray(problem.errors)) ? problem.errors : [];
  }
}

/** Calls the API; answers the parsed JSON, or throws ApiProblem. A lost session goes back to sign in. */
export async function call(path, { method = 'GET', body } = {}) {
  const headers = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' };
  if (method !== 'GET' && csrf) {
    headers[csrf.headerName] = csrf.token;
  }
  let response;
  try {
    response = await fetch(path, { method, body, headers, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiProblem(0, { title: 'No connection', detail: 'The service cannot be reached. Check the connection and try again.' });
  }
  if (response.status === 401) {
    location.assign('/login');
    throw new ApiProblem(401, { title: 'Signed out', detail: 'Your session has ended; sign in again.' });
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new ApiProblem(response.status, data);
  }
  return data;
}

/** The base path of an account's API. */
export function accountPath(accountId) {
  return '/api/accounts/' + encodeURIComponent(accountId);
}

/** The base path of one import. */
export function importPath(accountId, importId) {
  return accountPath(accountId) + '/imports/' + encodeURIComponent(importId);
}
