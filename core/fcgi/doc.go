// Package fcgi holds the listening sockets of [fcgi-program:x] groups, one
// [Socket] per group, reference-counted the way the reference's SocketManager
// is (supervisor/socket_manager.py, supervisor/datatypes.py
// InetStreamSocketConfig / UnixStreamSocketConfig, supervisor/process.py
// FastCGISubprocess / FastCGIProcessGroup).
//
// The supervisor loop drives it (FCGI-SOCK-001, FCGI-SOCK-003):
//
//   - group created (startup, reload, addProcessGroup): [Socket.Check], which
//     creates the socket and closes it again at once, as a validation step;
//   - before each spawn of one of the group's processes: [Socket.Acquire],
//     whose file becomes the child's fd 0 (spawn.Spec.Socket);
//   - spawn failed before the fork: [Socket.Release] at once;
//   - process reaped: [Socket.Release];
//   - group removed or daemon torn down: [Socket.Close] (a no-op when every
//     process has been reaped, which removal requires).
//
// The last Release closes the socket. A unix socket's file is left in place
// (FCGI-SOCK-005): the next creation unlinks and replaces it.
//
// A Socket holds no lock: like every other piece of process state it belongs
// to the loop. The package may import compat/, core/config, golang.org/x/sys
// and the standard library, nothing above.
package fcgi
