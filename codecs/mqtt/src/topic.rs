//! Topic Names and Topic Filters (MQTT 3.1.1 §4.7, 5.0 §4.7, §4.8.2): validation and
//! matching, written once for MQTT and MQTT-SN.

use crate::error::MqttErrorKind;

/// Check a Topic Name: at least one character [MQTT-4.7.3-1], no wildcard [MQTT-3.3.2-2].
/// Returns the kind and the byte index of the offending character.
pub fn validate_topic_name(name: &str) -> Result<(), (MqttErrorKind, usize)> {
    if name.is_empty() {
        return Err((MqttErrorKind::EmptyTopic, 0));
    }
    if !has_wildcard(name.as_bytes()) {
        return Ok(());
    }
    match name.bytes().position(|b| b == b'+' || b == b'#') {
        Some(i) => Err((MqttErrorKind::WildcardInTopicName, i)),
        None => Ok(()),
    }
}

/// Check a Topic Filter: at least one character, `#` alone in the last level, `+` alone in
/// its level (3.1.1 [MQTT-4.7.1-2], [MQTT-4.7.1-3]; 5.0 [MQTT-4.7.1-1], [MQTT-4.7.1-2]).
/// With `shared` (MQTT 5.0), a `$share/{ShareName}/{filter}` prefix is checked too
/// ([MQTT-4.8.2-1], [MQTT-4.8.2-2]). Returns the kind and the byte index of the problem.
pub fn validate_topic_filter(filter: &str, shared: bool) -> Result<(), (MqttErrorKind, usize)> {
    if filter.is_empty() {
        return Err((MqttErrorKind::EmptyTopic, 0));
    }
    let (body, base) = if shared && filter.starts_with(SHARE_PREFIX) {
        let Some((share, rest)) = shared_parts(filter) else {
            return Err((MqttErrorKind::InvalidSharedSubscription, SHARE_PREFIX.len()));
        };
        if share.is_empty() || share.contains(['+', '#']) {
            return Err((MqttErrorKind::InvalidSharedSubscription, SHARE_PREFIX.len()));
        }
        let base = SHARE_PREFIX.len() + share.len() + 1;
        if rest.is_empty() {
            return Err((MqttErrorKind::InvalidSharedSubscription, base));
        }
        (rest, base)
    } else {
        (filter, 0)
    };
    // Fast path: every wildcard alone in its level (`#` also last) means every level is
    // valid. The first one that is not sends the filter to the exact level-by-level check,
    // which finds the same first bad level and reports it as before.
    let b = body.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'+' || c == b'#' {
            let starts_level = i
                .checked_sub(1)
                .and_then(|j| b.get(j))
                .is_none_or(|&p| p == b'/');
            let next = b.get(i + 1);
            let ends_level = if c == b'#' {
                next.is_none()
            } else {
                next.is_none_or(|&n| n == b'/')
            };
            if !(starts_level && ends_level) {
                return check_levels(body, base);
            }
        }
    }
    Ok(())
}

/// The level-by-level wildcard rules, with the kind and index of the first problem.
#[cold]
fn check_levels(body: &str, base: usize) -> Result<(), (MqttErrorKind, usize)> {
    let mut start = 0;
    let levels = body.split('/');
    let count = body.split('/').count();
    for (i, level) in levels.enumerate() {
        if let Some(p) = level.find('#') {
            if level.len() != 1 || i + 1 != count {
                return Err((MqttErrorKind::MisplacedMultiLevelWildcard, base + start + p));
            }
        }
        if let Some(p) = level.find('+') {
            if level.len() != 1 {
                return Err((
                    MqttErrorKind::MisplacedSingleLevelWildcard,
                    base + start + p,
                ));
            }
        }
        start += level.len() + 1;
    }
    Ok(())
}

/// True if `b` is a non-empty Topic Filter of printable ASCII (0x20–0x7e) whose every `+`
/// fills its level and whose only `#` is the whole last level: one scan that `check_str`
/// (any options) and `validate_topic_filter` (not shared) would both accept.
#[inline]
pub(crate) fn plain_filter(b: &[u8]) -> bool {
    // Most filters of a level or two have no wildcard at all: one scan, a block a step.
    if crate::string::printable_no_wildcard(b) {
        return !b.is_empty();
    }
    !b.is_empty() && crate::string::printable(b) && wildcards_fill_levels(b)
}

/// True if every `+` of `b` fills its level and every `#` is the whole last level. Eight
/// bytes a step, then only the wildcards found are looked at (a byte loop cost about 17
/// instructions a byte: most of a SUBSCRIBE's decode).
fn wildcards_fill_levels(b: &[u8]) -> bool {
    let n = b.len();
    let alone = |i: usize| {
        let after_slash = i == 0 || b.get(i - 1) == Some(&b'/');
        let ends_level = if b.get(i) == Some(&b'#') {
            i + 1 == n
        } else {
            b.get(i + 1).is_none_or(|&c| c == b'/')
        };
        after_slash && ends_level
    };
    if n < 8 {
        return b
            .iter()
            .enumerate()
            .all(|(i, &c)| (c != b'+' && c != b'#') || alone(i));
    }
    // Words at 0, 8, 16, …; the last one ends at `n`, overlapping the one before it, whose
    // bytes it masks off.
    let mut at = 0;
    loop {
        let start = at.min(n - 8);
        let Some(word) = b.get(start..).and_then(|t| t.first_chunk::<8>()) else {
            return false;
        };
        let mut wild = crate::string::wildcard_bytes(u64::from_le_bytes(*word))
            & (u64::MAX << ((at - start) * 8));
        while wild != 0 {
            if !alone(start + (wild.trailing_zeros() / 8) as usize) {
                return false;
            }
            wild &= wild - 1;
        }
        at = start + 8;
        if at >= n {
            return true;
        }
    }
}

/// True if `b` holds `+` or `#`: a fixed-size block a step, no loop set-up (names are
/// short; the compiler's vectorized byte loop spent more on its set-up than on them).
#[inline]
fn has_wildcard(b: &[u8]) -> bool {
    !crate::string::no_wildcard(b)
}

pub(crate) const SHARE_PREFIX: &str = "$share/";

/// Split `$share/{ShareName}/{filter}` into ShareName and filter. `None` if the filter is not
/// a shared subscription or has no `/` after the ShareName.
pub fn shared_parts(filter: &str) -> Option<(&str, &str)> {
    filter.strip_prefix(SHARE_PREFIX)?.split_once('/')
}

/// True if `filter` is a shared subscription (`$share/…`, MQTT 5.0 §4.8.2).
pub fn is_shared(filter: &str) -> bool {
    filter.starts_with(SHARE_PREFIX)
}

/// True if the Topic Name `name` matches the Topic Filter `filter` (§4.7): `+` matches one
/// level, `#` the parent level and any number of levels below; names beginning with `$` are
/// not matched by a filter beginning with a wildcard [MQTT-4.7.2-1]. A shared subscription
/// matches as its inner filter. Both arguments are assumed valid.
pub fn matches(filter: &str, name: &str) -> bool {
    let filter = match shared_parts(filter) {
        Some((_, inner)) => inner,
        None => filter,
    };
    if name.starts_with('$') && (filter.starts_with('+') || filter.starts_with('#')) {
        return false;
    }
    let mut f = filter.split('/');
    let mut n = name.split('/');
    loop {
        match (f.next(), n.next()) {
            (Some("#"), _) => return true,
            (Some("+"), Some(_)) => {}
            (Some(fl), Some(nl)) if fl == nl => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MqttErrorKind::*;

    #[test]
    fn names() {
        assert!(validate_topic_name("a/b").is_ok());
        assert!(validate_topic_name("/").is_ok());
        assert_eq!(validate_topic_name(""), Err((EmptyTopic, 0)));
        assert_eq!(validate_topic_name("a/+"), Err((WildcardInTopicName, 2)));
        assert_eq!(validate_topic_name("#"), Err((WildcardInTopicName, 0)));
    }

    #[test]
    fn filters_from_the_spec_examples() {
        for ok in [
            "#",
            "+",
            "sport/#",
            "sport/tennis/#",
            "+/tennis/#",
            "sport/+/player1",
            "/+",
            "+/+",
            "a//b",
            "$SYS/#",
        ] {
            assert!(validate_topic_filter(ok, false).is_ok(), "{ok}");
        }
        assert_eq!(
            validate_topic_filter("sport/tennis#", false),
            Err((MisplacedMultiLevelWildcard, 12))
        );
        assert_eq!(
            validate_topic_filter("sport/tennis/#/ranking", false),
            Err((MisplacedMultiLevelWildcard, 13))
        );
        assert_eq!(
            validate_topic_filter("a/#/b", false),
            Err((MisplacedMultiLevelWildcard, 2))
        );
        assert_eq!(
            validate_topic_filter("sport+", false),
            Err((MisplacedSingleLevelWildcard, 5))
        );
        assert_eq!(
            validate_topic_filter("a+", false),
            Err((MisplacedSingleLevelWildcard, 1))
        );
        assert_eq!(validate_topic_filter("", false), Err((EmptyTopic, 0)));
    }

    #[test]
    fn the_fast_scans_agree_with_the_exact_checks() {
        use crate::error::DecodeOptions;
        use crate::string::{check_str, printable_no_wildcard};
        let strict = DecodeOptions::strict();
        let alphabet: &[u8] = b"a/+#$\x01\x7f\xc3";
        let mut level: std::vec::Vec<std::vec::Vec<u8>> = std::vec![std::vec![]];
        for _ in 0..=6 {
            let mut next = std::vec::Vec::new();
            for b in &level {
                let printable = b.iter().all(|c| (0x20..0x7f).contains(c));
                let s = check_str(b, 0, &strict).ok();
                let filter = s.is_some_and(|s| validate_topic_filter(s, false).is_ok());
                let name = s.is_some_and(|s| validate_topic_name(s).is_ok());
                // The fast scans accept only what the exact checks accept, and every
                // printable ASCII string these accept.
                assert_eq!(plain_filter(b), filter && printable, "{b:?}");
                assert_eq!(
                    !b.is_empty() && printable_no_wildcard(b),
                    name && printable,
                    "{b:?}"
                );
                for &c in alphabet {
                    let mut n = b.clone();
                    n.push(c);
                    next.push(n);
                }
            }
            level = next;
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// Past 8 bytes the filter scan goes a word at a time and looks only at the
        /// wildcards it finds (the exhaustive test above stops at 7 bytes): it still accepts
        /// exactly the printable filters that the exact checks accept, wherever in a word,
        /// or in the overlap of the last two words, a wildcard falls.
        #[test]
        fn the_word_scan_of_filters_agrees_with_the_exact_checks(
            b in proptest::collection::vec(
                proptest::sample::select(b"aa//+#$\x01\x7f".as_slice()),
                0..40,
            )
        ) {
            let printable = b.iter().all(|c| (0x20..0x7f).contains(c));
            let filter = core::str::from_utf8(&b)
                .is_ok_and(|s| validate_topic_filter(s, false).is_ok());
            proptest::prop_assert_eq!(plain_filter(&b), filter && printable, "{:?}", b);
        }
    }

    #[test]
    fn wildcard_bytes_marks_exactly_the_wildcards() {
        use crate::string::wildcard_bytes;
        // Every byte value at every position, next to wildcards and zero bytes (where a
        // borrow would spill into the next byte).
        for v in 0..=255u8 {
            for pos in 0..8 {
                for fill in [0u8, b'#', b'+', b'a', 0xff] {
                    let mut w = [fill; 8];
                    w[pos] = v;
                    let want = w.iter().enumerate().fold(0u64, |m, (i, &c)| {
                        if c == b'+' || c == b'#' {
                            m | 0x80 << (8 * i)
                        } else {
                            m
                        }
                    });
                    assert_eq!(wildcard_bytes(u64::from_le_bytes(w)), want, "{w:?}");
                }
            }
        }
    }

    #[test]
    fn shared_subscriptions() {
        assert!(validate_topic_filter("$share/g/a/+", true).is_ok());
        assert!(validate_topic_filter("$share/g/#", true).is_ok());
        assert_eq!(
            validate_topic_filter("$share//a", true),
            Err((InvalidSharedSubscription, 7))
        );
        assert_eq!(
            validate_topic_filter("$share/g", true),
            Err((InvalidSharedSubscription, 7))
        );
        assert_eq!(
            validate_topic_filter("$share/g/", true),
            Err((InvalidSharedSubscription, 9))
        );
        assert_eq!(
            validate_topic_filter("$share/g+/a", true),
            Err((InvalidSharedSubscription, 7))
        );
        assert_eq!(
            validate_topic_filter("$share/g/a#", true),
            Err((MisplacedMultiLevelWildcard, 10))
        );
        // In 3.1.1 it is just a filter.
        assert!(validate_topic_filter("$share/g", false).is_ok());
    }

    #[test]
    fn matching() {
        assert!(matches("sport/tennis/player1/#", "sport/tennis/player1"));
        assert!(matches(
            "sport/tennis/player1/#",
            "sport/tennis/player1/ranking"
        ));
        assert!(matches("sport/#", "sport"));
        assert!(matches("sport/+", "sport/"));
        assert!(!matches("sport/+", "sport"));
        assert!(matches("+/+", "/finance"));
        assert!(matches("/+", "/finance"));
        assert!(!matches("+", "/finance"));
        assert!(!matches("#", "$SYS/x"));
        assert!(!matches("+/monitor/Clients", "$SYS/monitor/Clients"));
        assert!(matches("$SYS/#", "$SYS/monitor/Clients"));
        assert!(matches("$SYS/monitor/+", "$SYS/monitor/Clients"));
        assert!(matches("$share/g/a/+", "a/b"));
        assert!(!matches("a/b", "a/b/c"));
    }
}
