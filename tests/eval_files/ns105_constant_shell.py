"""NS105 (opt-in): a constant command given to a shell."""
import os
import subprocess

ZOMBIES = "ovs-openflowd ovs-controller"


def clean():
    os.system("killall -9 " + ZOMBIES)  # expect: NS105
    subprocess.call("ip link show | grep veth", shell=True)  # expect: NS105
    subprocess.call(["bash", "-c", "echo $UID"])  # expect: NS105
    subprocess.call(["ip", "link", "show"])
    subprocess.call("ip link", shell=False)
