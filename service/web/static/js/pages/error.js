/* An error page (templates/error.html: 404, 403): nothing to load; the page says it is ready. */

import { boot } from "../dom.js";

boot(async () => {}, () => {});
