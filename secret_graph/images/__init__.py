"""Images: the upload pipeline and the images feature (services)."""
