// @devsecops/shared/reports: Reports for people and tools (console, Markdown, JSON, JUnit, HTML) and the text escaping they share.
export { REPORT_FORMATS, renderReport } from './reporters/render-report';
export type { ReportInput } from './reporters/report-input';
export { toJsonFinding } from './reporters/json';
export type { JsonReport } from './reporters/json';
export { markdownCodeSpan, markdownEscaped, markdownPlainText } from './reporters/markdown-text';
export { cweUrl } from './reporters/reference-links';
export { markdownLinkFromText, markdownWebLink, relativeLinkTarget, webLinkTarget } from './reporters/link-target';
export { renderHtmlReport } from './reporters/html/html-report';
export { htmlModelOfScan } from './reporters/html/scan-html';
export { oneLine, printablePath, withoutControlCharacters } from './reporters/safe-text';
export { plural } from './reporters/report-order';
