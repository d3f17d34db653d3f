"""A small To-Do list manager: a command-line tool and an optional Flask front end."""

__version__ = "0.1.0"
