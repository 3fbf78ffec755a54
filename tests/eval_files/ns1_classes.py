"""Library classes resolved through instances and subclasses (paramiko exec_command runs a shell)."""
import paramiko


class Client(paramiko.SSHClient):
    def reboot(self, host):
        self.exec_command("reboot %s" % host)  # expect: NS101


def remote(host, dev):
    ssh = paramiko.SSHClient()
    ssh.exec_command("ip link del " + dev)  # expect: NS101
    client = Client()
    client.exec_command(f"ip link del {dev}")  # expect: NS101
    ssh.exec_command("uptime")  # expect: NS105
