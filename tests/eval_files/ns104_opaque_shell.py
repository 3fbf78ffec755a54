"""NS104: a shell runs a command it cannot see; reported at the sink only."""
import os
import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)  # expect: NS104


def sh(cmd):
    return subprocess.Popen(["/bin/sh", "-c", cmd])  # expect: NS104


def callers(self, line):
    run(line)
    sh(self.command)
    os.system(self.command)  # expect: NS104
    os.popen(line).read()  # expect: NS104
    subprocess.check_output(line, shell=False)
