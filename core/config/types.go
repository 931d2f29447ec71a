package config

import "github.com/gosupervisord/gosupervisord/compat/datatypes"

// Config is one fully parsed and validated supervisord configuration: what the
// reference's ServerOptions holds after realize() (supervisor/options.py).
type Config struct {
	Supervisord   Supervisord
	RPCInterfaces []RPCInterface
	Servers       []Server
	// Groups are sorted by (priority, name), the order in which the reference
	// creates them at start-up (CFG-ORD-001).
	Groups []*Group
	// Warnings and Infos are the parse messages the reference logs once its
	// logger exists (PROC-BOOT-003): WARN and INFO lines, in this order.
	Warnings []string
	Infos    []string
}

// Supervisord is the [supervisord] section merged with the command line
// (CFG-SD, CFG-CLI): a command-line value always wins over the file.
type Supervisord struct {
	ConfigFile string // as given with -c or found by the search (CFG-FIND)
	Here       string // abspath(dirname(ConfigFile)) (CFG-FIND-004)

	NoDaemon bool
	Silent   bool
	// User is the name or uid given by user= or -u; UID and GID are set when
	// User is (GID is the user's primary group).
	User        string
	userSet     bool // user= or -u was given, possibly empty (which fails)
	UID, GID    *int
	Umask       int
	Directory   *string
	Logfile     string // normalised absolute path, or "syslog"
	LogfileMax  int
	LogfileKeep int
	LogLevel    int // the reference's numeric level (datatypes.LoggingLevel)
	Pidfile     string
	Identifier  string
	ChildLogDir string
	MinFDs      int
	MinProcs    int
	NoCleanup   bool
	StripANSI   bool
	// Environment is [supervisord] environment=, added to every child.
	Environment []datatypes.KV
	// ServerURL is the default SUPERVISOR_SERVER_URL (CFG-SRV-001), "" when
	// no HTTP server is configured.
	ServerURL string
	// Profile holds --profile_options; accepted and otherwise ignored.
	Profile *ProfileOptions
}

// ProfileOptions is the parsed --profile_options value (CFG-CLI-025).
type ProfileOptions struct {
	SortOrder []string
	Callers   bool
}

// RPCInterface is one [rpcinterface:NAME] section (CFG-RPCI).
type RPCInterface struct {
	Name    string
	Factory string // canonical module:attr of the resolved factory
	Kwargs  []datatypes.KV
}

// ServerFamily says whether an HTTP server listens on a unix or an inet socket.
type ServerFamily int

const (
	ServerInet ServerFamily = iota
	ServerUnix
)

// Server is one [unix_http_server*] or [inet_http_server*] section (CFG-UHS, CFG-IHS).
type Server struct {
	Section  string
	Name     *string // the text after "x:" in the section name, if any
	Family   ServerFamily
	Username *string
	Password *string

	Host string // inet
	Port int    // inet

	File  string // unix: normalised absolute path
	Chmod int    // unix
	Chown [2]int // unix: uid, gid; -1 leaves it unchanged
}

// GroupKind is the kind of section a group comes from.
type GroupKind int

const (
	GroupProgram GroupKind = iota // [program:x] or [group:x]
	GroupEventListener
	GroupFCGI
)

func (k GroupKind) String() string {
	switch k {
	case GroupEventListener:
		return "eventlistener"
	case GroupFCGI:
		return "fcgi-program"
	default:
		return "program"
	}
}

// Group is a process group: a [program:x], [group:x], [eventlistener:x] pool
// or [fcgi-program:x].
type Group struct {
	Kind      GroupKind
	Name      string
	Priority  int
	Processes []*Process

	// Event listener pools (CFG-EVL).
	BufferSize    int
	Events        []string // event type names, sorted
	ResultHandler string   // canonical module:attr

	// FastCGI groups (FCGI-CFG).
	Socket *SocketConfig
}

// SocketConfig is the listening socket of an [fcgi-program:x] (FCGI-CFG-001).
type SocketConfig struct {
	URL     string
	Backlog *int
	// unix://
	Path  string
	Mode  int
	Owner *[2]int
	// tcp://
	Host string
	Port int
}

// IsUnix reports whether the socket is a unix domain socket.
func (s *SocketConfig) IsUnix() bool { return s.Path != "" }

// LogConfig is the logging half of a process's stdout or stderr (CFG-PRG-017..028).
type LogConfig struct {
	File            datatypes.Logfile
	CaptureMaxBytes int
	EventsEnabled   bool
	Syslog          bool
	Backups         int
	MaxBytes        int
}

// Process is one process of a group, with every value expanded for its
// process_num (CFG-PRG, CFG-NUM).
type Process struct {
	Name           string
	Command        string
	Directory      *string
	Umask          *int
	Priority       int
	AutoStart      bool
	AutoRestart    datatypes.AutoRestart
	StartSecs      int
	StartRetries   int
	UID            *int
	Stdout         LogConfig
	Stderr         LogConfig
	StopSignal     int
	StopWaitSecs   int
	StopAsGroup    bool
	KillAsGroup    bool
	ExitCodes      []int
	RedirectStderr bool
	// Environment is [supervisord] environment= overlaid with the program's
	// own environment=, in Python dict order.
	Environment []datatypes.KV
	// ServerURL is nil for AUTO (use Supervisord.ServerURL).
	ServerURL *string
}
