// Package getopt reproduces Python's getopt.getopt (not gnu_getopt), which
// supervisord uses to parse its command line (spec CFG-CLI, CFG-CLI-021):
// short options bundle ("-nc file", "-cfile"), long options take "=value" or
// the next argument, an unambiguous prefix names a long option ("--nodaem"),
// "--" ends the options, and parsing stops at the first argument that is not
// an option. Error texts are those of getopt.GetoptError.
//
// It is pure and imports nothing else from the module; it is judged against
// CPython 3.11, not against our design. What an option means belongs to the
// caller.
//
// Reference: CPython 3.11 Lib/getopt.py (getopt, do_longs, long_has_args,
// do_shorts, short_has_arg); supervisor/options.py (Options.realize).
package getopt

import (
	"strings"
	"unicode/utf8"
)

// Option is one parsed option, as Python returns it: Name carries its dashes
// ("-c", "--configuration"; a long option is named in full even when a prefix
// was typed) and Value is "" for an option that takes no argument.
type Option struct{ Name, Value string }

// Error is getopt.GetoptError. Its text is the reference's, e.g.
// "option -x not recognized"; Opt is the option without dashes.
type Error struct {
	Msg string
	Opt string
}

func (e *Error) Error() string { return e.Msg }

// Parse parses args (the command line without the program name) the way
// Python's getopt.getopt(args, shortopts, longopts) does. shortopts lists the
// option letters, a letter followed by ':' taking an argument; longopts lists
// the long names without dashes, a name ending in '=' taking an argument.
// rest is what follows the options, in a new slice. On error opts and rest are
// nil.
func Parse(args []string, shortopts string, longopts []string) (opts []Option, rest []string, err error) {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		if args[0] == "--" {
			args = args[1:]
			break
		}
		if strings.HasPrefix(args[0], "--") {
			opts, args, err = parseLong(opts, args[0][2:], longopts, args[1:])
		} else {
			opts, args, err = parseShorts(opts, args[0][1:], shortopts, args[1:])
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return opts, append([]string{}, args...), nil
}

// parseLong handles one "--name[=value]" argument (do_longs).
func parseLong(opts []Option, opt string, longopts, args []string) ([]Option, []string, error) {
	arg, hasValue := "", false
	if i := strings.IndexByte(opt, '='); i >= 0 {
		opt, arg, hasValue = opt[:i], opt[i+1:], true
	}
	takesArg, name, err := lookupLong(opt, longopts)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case takesArg && !hasValue:
		if len(args) == 0 {
			return nil, nil, &Error{Msg: "option --" + name + " requires argument", Opt: name}
		}
		arg, args = args[0], args[1:]
	case !takesArg && hasValue:
		return nil, nil, &Error{Msg: "option --" + name + " must not have an argument", Opt: name}
	}
	return append(opts, Option{Name: "--" + name, Value: arg}), args, nil
}

// lookupLong resolves a typed long option, possibly a prefix, to its full
// name (long_has_args). An exact match wins over longer names it prefixes.
func lookupLong(opt string, longopts []string) (takesArg bool, name string, err error) {
	var matches []string
	for _, o := range longopts {
		if hasCharPrefix(o, opt) {
			matches = append(matches, o)
		}
	}
	if len(matches) == 0 {
		return false, "", &Error{Msg: "option --" + opt + " not recognized", Opt: opt}
	}
	for _, m := range matches {
		if m == opt {
			return false, opt, nil
		}
	}
	for _, m := range matches {
		if m == opt+"=" {
			return true, opt, nil
		}
	}
	if len(matches) > 1 {
		return false, "", &Error{Msg: "option --" + opt + " not a unique prefix", Opt: opt}
	}
	name, takesArg = strings.CutSuffix(matches[0], "=")
	return takesArg, name, nil
}

// parseShorts handles one "-abc" argument: letters in turn, the first that
// takes an argument eating the rest of the word or else the next argument
// (do_shorts).
func parseShorts(opts []Option, word, shortopts string, args []string) ([]Option, []string, error) {
	for word != "" {
		opt := firstChar(word)
		word = word[len(opt):]
		takesArg, err := shortTakesArg(opt, shortopts)
		if err != nil {
			return nil, nil, err
		}
		arg := ""
		if takesArg {
			if word == "" {
				if len(args) == 0 {
					return nil, nil, &Error{Msg: "option -" + opt + " requires argument", Opt: opt}
				}
				word, args = args[0], args[1:]
			}
			arg, word = word, ""
		}
		opts = append(opts, Option{Name: "-" + opt, Value: arg})
	}
	return opts, args, nil
}

// shortTakesArg reports whether the letter opt is followed by ':' at its first
// place in shortopts (short_has_arg). ':' itself is never an option.
func shortTakesArg(opt, shortopts string) (bool, error) {
	for s := shortopts; s != ""; {
		c := firstChar(s)
		s = s[len(c):]
		if c == opt && c != ":" {
			return strings.HasPrefix(s, ":"), nil
		}
	}
	return false, &Error{Msg: "option -" + opt + " not recognized", Opt: opt}
}

// firstChar returns the first character of a non-empty s as Python sees the
// decoded argument: a UTF-8 sequence, or a single byte that is not valid
// UTF-8 (Python decodes argv with surrogateescape, one character per such
// byte).
func firstChar(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}

// hasCharPrefix is str.startswith on the decoded strings: a byte prefix that
// also ends on a character boundary of s.
func hasCharPrefix(s, prefix string) bool {
	if !strings.HasPrefix(s, prefix) {
		return false
	}
	i := 0 // the first character boundary of s at or after len(prefix)
	for i < len(prefix) {
		i += len(firstChar(s[i:]))
	}
	return i == len(prefix)
}
