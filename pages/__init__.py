"""Server-rendered pages over the same application and read models as the API."""
