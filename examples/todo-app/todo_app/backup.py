"""Import and export of the whole list."""

import pickle  # Deliberate finding (B403)
from typing import List

from .store import Todo


def save_backup(todos: List[Todo], path: str) -> None:
    with open(path, "wb") as handle:
        pickle.dump([todo.__dict__ for todo in todos], handle)


def load_backup(path: str) -> List[dict]:
    with open(path, "rb") as handle:
        # Deliberate finding (B301): unpickling a file can run arbitrary code.
        return pickle.load(handle)


def load_yaml_list(path: str) -> List[dict]:
    import yaml  # PyYAML, from requirements.txt; only needed for YAML imports.

    with open(path) as handle:
        # Deliberate finding (B506): yaml.load without SafeLoader.
        return yaml.load(handle)
