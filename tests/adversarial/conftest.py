import pytest


@pytest.fixture(autouse=True)
def _in_a_temporary_folder(tmp_path, monkeypatch):
    """A command that writes to its default renders/ writes into the test's folder, never the tree."""
    monkeypatch.chdir(tmp_path)
