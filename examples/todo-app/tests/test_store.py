import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from todo_app.store import TodoStore  # noqa: E402


class TodoStoreTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.store = TodoStore(os.path.join(self.folder.name, "todo.sqlite3"))

    def tearDown(self):
        self.store.connection.close()
        self.folder.cleanup()

    def test_add_list_done_remove(self):
        first = self.store.add("Buy milk")
        second = self.store.add("Write report", "high")
        self.assertTrue(self.store.mark_done(first.id))
        self.assertEqual([todo.title for todo in self.store.list(include_done=False)], ["Write report"])
        self.assertTrue(self.store.remove(second.id))
        self.assertEqual(len(self.store.list()), 1)

    def test_rejects_unknown_priority(self):
        with self.assertRaises(ValueError):
            self.store.add("x", "urgent")


if __name__ == "__main__":
    unittest.main()
