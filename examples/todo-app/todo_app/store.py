"""SQLite storage for to-do items."""

import os
import sqlite3
from dataclasses import dataclass
from typing import List, Optional

PRIORITIES = ("low", "normal", "high")


@dataclass
class Todo:
    id: int
    title: str
    priority: str
    done: bool


def default_path() -> str:
    return os.environ.get("TODO_DB", os.path.join(os.path.expanduser("~"), ".todo-app.sqlite3"))


class TodoStore:
    def __init__(self, path: Optional[str] = None) -> None:
        self.connection = sqlite3.connect(path or default_path())
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS todos ("
            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " title TEXT NOT NULL,"
            " priority TEXT NOT NULL DEFAULT 'normal',"
            " done INTEGER NOT NULL DEFAULT 0)"
        )

    def add(self, title: str, priority: str = "normal") -> Todo:
        if priority not in PRIORITIES:
            raise ValueError("priority must be one of: " + ", ".join(PRIORITIES))
        cursor = self.connection.execute(
            "INSERT INTO todos (title, priority) VALUES (?, ?)", (title, priority)
        )
        self.connection.commit()
        return Todo(cursor.lastrowid, title, priority, False)

    def list(self, include_done: bool = True) -> List[Todo]:
        rows = self.connection.execute(
            "SELECT id, title, priority, done FROM todos ORDER BY id"
        ).fetchall()
        todos = [Todo(row[0], row[1], row[2], bool(row[3])) for row in rows]
        return todos if include_done else [todo for todo in todos if not todo.done]

    def search(self, text: str) -> List[Todo]:
        # Deliberate finding (B608): the search text goes into the SQL unescaped.
        query = "SELECT id, title, priority, done FROM todos WHERE title LIKE '%%%s%%'" % text
        rows = self.connection.execute(query).fetchall()
        return [Todo(row[0], row[1], row[2], bool(row[3])) for row in rows]

    def mark_done(self, todo_id: int) -> bool:
        cursor = self.connection.execute("UPDATE todos SET done = 1 WHERE id = ?", (todo_id,))
        self.connection.commit()
        return cursor.rowcount == 1

    def remove(self, todo_id: int) -> bool:
        cursor = self.connection.execute("DELETE FROM todos WHERE id = ?", (todo_id,))
        self.connection.commit()
        return cursor.rowcount == 1
