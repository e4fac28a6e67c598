import { html } from '../core/html.ts';

/**
 * The console's one page: a shell the script fills in. It holds no sandbox data (the script
 * reads everything through the control API and the dialects' APIs), so it is served without
 * the admin token; what it reads is not.
 */
export const consolePage = () =>
  html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Understudy console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/_understudy/console/app.css">
<script type="module" src="/_understudy/console/app.js"></script>
</head>
<body>
<header class="top"><h1><a href="#/">Understudy console</a></h1><span class="spacer"></span><span id="session-slot"></span></header>
<main id="app" aria-live="polite"><p class="muted">Loading…</p></main>
<noscript><p>The console needs JavaScript. The control API is at <a href="/_understudy/docs">/_understudy/docs</a>.</p></noscript>
</body>
</html>
`.text;
