"""The web form: HTML templates, static assets (served by the API, no CDN), form texts."""

from service.web.form import FormCatalog, KindForm
from service.web.templating import STATIC_DIR, WebTemplates

__all__ = ["STATIC_DIR", "FormCatalog", "KindForm", "WebTemplates"]
