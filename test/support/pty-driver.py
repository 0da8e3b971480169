"""Runs a command on a real pseudo-terminal and answers its questions.

argv[1]: JSON list of [text to wait for, keys to type]; argv[2:]: the command.
Prints everything the terminal showed; exits with the command's exit code (99: a
question never came).
"""
import fcntl, json, os, pty, select, struct, sys, termios, time

steps = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
# A real terminal has a size: 40 rows, 120 columns.
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))

seen = b''
unread = b''

def read(timeout):
    global seen, unread
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        data = os.read(fd, 4096)
    except OSError:
        return False
    if not data:
        return False
    seen += data
    unread += data
    return True

for wanted, keys in steps:
    deadline = time.time() + 30
    while wanted.encode() not in unread:
        if not read(0.2) or time.time() > deadline:
            sys.stdout.write(seen.decode(errors='replace'))
            sys.stderr.write(f'never saw {wanted!r}\n')
            sys.exit(99)
    unread = unread[unread.index(wanted.encode()) + len(wanted):]
    time.sleep(0.15)
    os.write(fd, keys.encode())

while read(30):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode(errors='replace'))
sys.exit(os.waitstatus_to_exitcode(status))
