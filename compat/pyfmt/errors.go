package pyfmt

// KeyError is the KeyError Python raises when a %(name) is not in the dict.
type KeyError struct {
	Key string
}

// Error returns str(KeyError(key)), which is the repr of the key.
func (e *KeyError) Error() string {
	return Repr(e.Key)
}

// FormatError is the TypeError, ValueError or OverflowError Python raises for a
// bad format string or an argument of the wrong type. Msg is the exception's
// exact text, e.g. "incomplete format" or
// "unsupported format character 'b' (0x62) at index 7".
type FormatError struct {
	Msg string
}

func (e *FormatError) Error() string {
	return e.Msg
}

// Messages of the reference (Objects/unicodeobject.c).
const (
	msgIncomplete    = "incomplete format"
	msgIncompleteKey = "incomplete format key"
	msgNotEnoughArgs = "not enough arguments for format string"
	msgStarWantsInt  = "* wants int"
	msgWidthTooBig   = "width too big"
	msgPrecTooBig    = "precision too big"
	msgPrecTooLarge  = "precision too large"
	msgIntTooLarge   = "Python int too large to convert to C int"
	msgCharType      = "%c requires int or char"
	msgCharRange     = "%c arg not in range(0x110000)"
)

func formatErr(msg string) error {
	return &FormatError{Msg: msg}
}
