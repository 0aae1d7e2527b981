import { htmlStyles } from './html-styles.js';
import { escapeXml as esc } from './svg-charts.js';

/**
 * The frame of every zeek-budget HTML page: inline CSS, no script, and a CSP that forbids any
 * fetch, so a page opens the same from a CI artifact, a mail or a laptop without network.
 * `body` and `footer` are HTML; the title is text.
 */
export function htmlPage(title: string, body: string, footer: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${htmlStyles()}</style>
</head>
<body>
<main>
${body}
<footer>${footer}</footer>
</main>
</body>
</html>
`;
}
