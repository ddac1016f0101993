//! Longest-matching-block sequence comparison, the algorithm of Python's
//! `difflib.SequenceMatcher` without junk heuristics: the same matching
//! blocks and the same ratio, so similarities and row pairings agree with
//! the reference scorer to the last digit.

use std::collections::HashMap;
use std::hash::Hash;

/// A run of equal elements: `a[a_start..a_start + len] == b[b_start..b_start + len]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Block {
    pub a_start: usize,
    pub b_start: usize,
    pub len: usize,
}

/// The maximal matching blocks of `a` and `b`, in order: the longest match
/// first (earliest in `a`, then in `b`), then recursively left and right of it.
pub fn matching_blocks<T: Eq + Hash>(a: &[T], b: &[T]) -> Vec<Block> {
    let mut where_in_b: HashMap<&T, Vec<usize>> = HashMap::new();
    for (j, x) in b.iter().enumerate() {
        where_in_b.entry(x).or_default().push(j);
    }
    let mut blocks = Vec::new();
    let mut queue = vec![(0, a.len(), 0, b.len())];
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let m = longest_match(a, &where_in_b, alo, ahi, blo, bhi);
        if m.len == 0 {
            continue;
        }
        blocks.push(m);
        if alo < m.a_start && blo < m.b_start {
            queue.push((alo, m.a_start, blo, m.b_start));
        }
        if m.a_start + m.len < ahi && m.b_start + m.len < bhi {
            queue.push((m.a_start + m.len, ahi, m.b_start + m.len, bhi));
        }
    }
    blocks.sort();
    blocks
}

/// The longest block within `a[alo..ahi]` × `b[blo..bhi]`; among equals the
/// one starting earliest in `a`, then earliest in `b`.
fn longest_match<T: Eq + Hash>(
    a: &[T],
    where_in_b: &HashMap<&T, Vec<usize>>,
    alo: usize,
    ahi: usize,
    blo: usize,
    bhi: usize,
) -> Block {
    let mut best = Block {
        a_start: alo,
        b_start: blo,
        len: 0,
    };
    // Length of the match ending at a[i-1], b[j] for each j.
    let mut ending: HashMap<usize, usize> = HashMap::new();
    for (i, x) in a.iter().enumerate().take(ahi).skip(alo) {
        let mut next = HashMap::new();
        for &j in where_in_b.get(x).map(Vec::as_slice).unwrap_or_default() {
            if j < blo {
                continue;
            }
            if j >= bhi {
                break;
            }
            let k = j
                .checked_sub(1)
                .and_then(|p| ending.get(&p))
                .copied()
                .unwrap_or(0)
                + 1;
            next.insert(j, k);
            if k > best.len {
                best = Block {
                    a_start: i + 1 - k,
                    b_start: j + 1 - k,
                    len: k,
                };
            }
        }
        ending = next;
    }
    best
}

/// `2·M / (|a| + |b|)`, M the elements in matching blocks; 1 for two empty
/// sequences (difflib's `ratio`).
pub fn ratio<T: Eq + Hash>(a: &[T], b: &[T]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let matched: usize = matching_blocks(a, b).iter().map(|m| m.len).sum();
    2.0 * matched as f64 / total as f64
}

/// [`ratio`] of two strings, compared by character.
pub fn text_ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    ratio(&a, &b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_match_difflib() {
        // Values from difflib.SequenceMatcher(None, a, b, autojunk=False).ratio().
        assert_eq!(text_ratio("abcd", "bcde"), 0.75);
        assert_eq!(text_ratio("", ""), 1.0);
        assert_eq!(text_ratio("abc", ""), 0.0);
        let r = text_ratio("广州市荔湾区应急管理局", "广州市荔湾区应急管理");
        assert!((r - 20.0 / 21.0).abs() < 1e-12, "{r}");
        // "private Thread currentThread;" vs "private volatile Thread currentThread;" (difflib docs: 0.866)
        let r = text_ratio(
            "private Thread currentThread;",
            "private volatile Thread currentThread;",
        );
        assert!((r - 0.8656716417910447).abs() < 1e-12, "{r}");
    }

    #[test]
    fn blocks_prefer_the_longest_then_the_earliest() {
        let a: Vec<char> = "qabxcd".chars().collect();
        let b: Vec<char> = "abycdf".chars().collect();
        let blocks = matching_blocks(&a, &b);
        let triples: Vec<_> = blocks
            .iter()
            .map(|m| (m.a_start, m.b_start, m.len))
            .collect();
        assert_eq!(triples, [(1, 0, 2), (4, 3, 2)]);
    }
}
