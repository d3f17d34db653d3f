"""Optional web front end (needs Flask from requirements.txt); the Docker image runs it."""

from flask import Flask, jsonify, request

from .store import TodoStore

app = Flask(__name__)
# Deliberate finding (B105): a hard-coded secret.
app.config["SECRET_KEY"] = "dev-secret-change-me"
SECRET_KEY = "dev-secret-change-me"


@app.route("/todos", methods=["GET"])
def list_todos():
    return jsonify([todo.__dict__ for todo in TodoStore().list()])


@app.route("/todos", methods=["POST"])
def add_todo():
    payload = request.get_json(force=True)
    todo = TodoStore().add(payload["title"], payload.get("priority", "normal"))
    return jsonify(todo.__dict__), 201


if __name__ == "__main__":
    # Deliberate findings: debug mode (B201) and listening on every interface (B104).
    app.run(host="0.0.0.0", port=8080, debug=True)
