package datatypes

import (
	"errors"

	"github.com/gosupervisord/gosupervisord/compat/pystr"
	"github.com/gosupervisord/gosupervisord/compat/shlex"
)

// KV is one KEY=value pair of an environment value.
type KV struct {
	Key, Value string
}

// DictOfKeyValuePairs is datatypes.dict_of_key_value_pairs (CFG-TYPE-016),
// used for environment=: s is split by the reference's non-POSIX shlex
// (compat/shlex) and its tokens are read four at a time as key, "=", value
// and a separator that is skipped whatever it is. Each value loses all
// leading and trailing quotes. A group that does not start with key and
// "=" and a value fails with "Unexpected end of key/value pairs in value
// '<s>'" (s as given, not repr'd); shlex's own errors, such as "No closing
// quotation", come through unchanged.
//
// The pairs keep the order of a Python dict: a later duplicate key replaces
// the value in its first position.
func DictOfKeyValuePairs(s string) ([]KV, error) {
	tokens, err := shlex.Tokens(s)
	if err != nil {
		return nil, err
	}
	pairs := []KV{}
	index := map[string]int{}
	for i := 0; i < len(tokens); i += 4 {
		if len(tokens)-i < 3 || tokens[i+1] != "=" {
			return nil, errors.New("Unexpected end of key/value pairs in value '" + s + "'")
		}
		key, value := tokens[i], pystr.StripChars(tokens[i+2], `'"`)
		if at, ok := index[key]; ok {
			pairs[at].Value = value
			continue
		}
		index[key] = len(pairs)
		pairs = append(pairs, KV{Key: key, Value: value})
	}
	return pairs, nil
}
