"""Starts `keyforge play` on a free port for the playground's checks and benchmark (scripts/check_play.py,
scripts/bench_play.py): the binary is invoked under the name `keyforge` (argv[0] picks the role)."""
import os
import re
import subprocess
import time


class PlayServer:
    def __init__(self, binary, log_path):
        self.log = open(log_path, "w")
        self.process = subprocess.Popen([os.path.abspath(binary), "play"], stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/play", line)
        if not match:
            self.stop()
            raise RuntimeError(f"keyforge play did not print its address (got {line!r})")
        self.base = match.group(1)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.stop()
