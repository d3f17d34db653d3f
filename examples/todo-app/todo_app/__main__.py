"""Command line: python3 -m todo_app add|list|done|remove|search|export|notify."""

import argparse
import csv
import hashlib
import subprocess
import sys

from .store import PRIORITIES, TodoStore


def short_id(title: str) -> str:
    # Deliberate finding (B303/B324): MD5 for identifiers.
    return hashlib.md5(title.encode("utf-8")).hexdigest()[:8]


def notify(message: str) -> int:
    # Deliberate finding (B602): user text reaches a shell.
    return subprocess.call("echo 'todo: %s' | logger" % message, shell=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="todo_app", description="A small To-Do list manager.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="add an item")
    add.add_argument("title")
    add.add_argument("--priority", choices=PRIORITIES, default="normal")
    show = commands.add_parser("list", help="list items")
    show.add_argument("--open", action="store_true", help="only items not done")
    for name in ("done", "remove"):
        command = commands.add_parser(name, help=name + " an item by id")
        command.add_argument("id", type=int)
    search = commands.add_parser("search", help="find items by title")
    search.add_argument("text")
    export = commands.add_parser("export", help="write the list as CSV")
    export.add_argument("file")
    send = commands.add_parser("notify", help="send a message to the system log")
    send.add_argument("message")
    args = parser.parse_args(argv)

    store = TodoStore()
    if args.command == "add":
        todo = store.add(args.title, args.priority)
        print("added #%d %s (%s)" % (todo.id, todo.title, short_id(todo.title)))
    elif args.command == "list":
        for todo in store.list(include_done=not args.open):
            print("%s #%d [%s] %s" % ("x" if todo.done else " ", todo.id, todo.priority, todo.title))
    elif args.command in ("done", "remove"):
        changed = store.mark_done(args.id) if args.command == "done" else store.remove(args.id)
        if not changed:
            print("no item #%d" % args.id, file=sys.stderr)
            return 1
    elif args.command == "search":
        for todo in store.search(args.text):
            print("#%d %s" % (todo.id, todo.title))
    elif args.command == "export":
        with open(args.file, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "title", "priority", "done"])
            for todo in store.list():
                writer.writerow([todo.id, todo.title, todo.priority, int(todo.done)])
    elif args.command == "notify":
        return notify(args.message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
