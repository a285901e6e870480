"""The HTTP door onto the pipeline: `service.api.app.create_app` (FastAPI), routes per resource in
`routes/`, one error handler in `errors`, the request-size bound in `limits`."""
