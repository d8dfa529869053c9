from newsroom.cli import app

app(prog_name="newsroom")
