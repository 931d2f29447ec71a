package datatypes

import (
	"errors"
	"strings"

	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// ProcessOrGroupName is datatypes.process_or_group_name (CFG-TYPE-011): s
// stripped, which must not contain a space, ':' or '/' (they would break the
// event listener protocol and the web UI's URLs). Empty names pass. The
// error is "Invalid name: '<s>' because of character: '<c>'", s as given.
func ProcessOrGroupName(s string) (string, error) {
	stripped := pystr.Strip(s)
	for _, c := range []string{" ", ":", "/"} {
		if strings.Contains(stripped, c) {
			return "", errors.New("Invalid name: " + repr(s) + " because of character: " + repr(c))
		}
	}
	return stripped, nil
}

// ListOfStrings is datatypes.list_of_strings (CFG-TYPE-017): s split at
// commas, each item stripped; "" is an empty list ("a,,b" keeps its empty item).
func ListOfStrings(s string) []string {
	if s == "" {
		return []string{}
	}
	items := strings.Split(s, ",")
	for i, item := range items {
		items[i] = pystr.Strip(item)
	}
	return items
}

// ProfileOptions is datatypes.profile_options (CFG-CLI-025): the lower-cased
// items of ListOfStrings; "callers" turns callers on, every other item is a
// sort key, in order.
func ProfileOptions(s string) (sortorder []string, callers bool, err error) {
	sortorder = []string{}
	for _, item := range ListOfStrings(s) {
		item = pystr.Lower(item)
		if item == "callers" {
			callers = true
			continue
		}
		sortorder = append(sortorder, item)
	}
	return sortorder, callers, nil
}
