"""A hostile SSH client for the SSH tests (paramiko, from scripts/setup's .venv-server).

Usage: hostile_client.py MODE PORT [KEY]
  password  PORT      offer a password (the server offers only publickey)
  longuser  PORT KEY  public-key authentication with a 10,000-byte user name
Prints one line, "refused: <exception>" or "accepted", and exits 0; anything else is a
failure of the script itself (exit 2).
"""
import sys

import paramiko


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    transport = paramiko.Transport(("127.0.0.1", port))
    transport.banner_timeout = 10
    transport.auth_timeout = 10
    try:
        transport.start_client(timeout=10)
        try:
            if mode == "password":
                transport.auth_password("alice", "hunter2")
            elif mode == "longuser":
                key = paramiko.Ed25519Key.from_private_key_file(sys.argv[3])
                transport.auth_publickey("u" * 10000, key)
            else:
                print("unknown mode " + mode)
                return 2
        except (paramiko.AuthenticationException, paramiko.SSHException, EOFError) as error:
            print("refused: " + type(error).__name__)
            return 0
        print("accepted")
        return 0
    finally:
        transport.close()


if __name__ == "__main__":
    sys.exit(main())
