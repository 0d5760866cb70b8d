import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(tmp_path, settings):
    """Uploads and the seed's placeholder documents go to a throwaway folder, never the work tree's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
