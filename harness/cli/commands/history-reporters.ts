/** What `history` writes (the other reporters report a budget run); here so that its definition stays light. */
export const HISTORY_REPORTERS = ['terminal', 'json', 'html'] as const;
export const DEFAULT_HISTORY_HTML = 'zeek-budget-history.html';
