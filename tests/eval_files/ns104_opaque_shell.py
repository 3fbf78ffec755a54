"""NS104: a shell runs a command it cannot see; reported at the sink only."""
import os
import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)  # expect: NS104:11 sink=subprocess.call() what="parameter 'cmd'"


def sh(cmd):
    return subprocess.Popen(["/bin/sh", "-c", cmd])  # expect: NS104


def callers(self, line):
    run(line)
    sh(self.command)
    os.system(self.command)  # expect: NS104:4 sink=os.system() what="'self.command'"
    os.popen(line).read()  # expect: NS104:4 what="parameter 'line'"
    os.system(self.text.get("insert linestart", "insert lineend"))  # expect: NS104:4 what="self.text.get('insert linestart', 'insert …"
    subprocess.check_output(line, shell=False)
