//! Values read out of a form's text beside its labels: the money unit
//! (`单位：万元`, `（万元）`), contacts with their phones from a signature line,
//! and the kind marker after an entity's name (`某某局（部门）`).

use super::Roles;
use crate::model::Contact;
use crate::normalize::{clean_opt, clean_text};
use crate::vocab::vocabulary;

/// The entity's name without the kind marker some forms print after it:
/// `某某局 (部门)` → `某某局`.
pub(super) fn without_entity_kind(name: &str) -> String {
    let strip = || {
        let rest = name.strip_suffix([')', '）'])?.trim_end();
        let rest = rest
            .strip_suffix("部门")
            .or_else(|| rest.strip_suffix("单位"))?
            .trim_end();
        Some(rest.strip_suffix(['(', '（'])?.trim_end())
    };
    strip().unwrap_or(name).to_string()
}

/// The money unit a cell names: `单位：万元` (what follows the colon, to the
/// next space or punctuation) or a bracketed `（万元）`, whichever comes first.
pub(super) fn unit_in(text: &str) -> Option<String> {
    const UNITS: [&str; 4] = ["万元", "元", "千元", "亿元"];
    let after_label = |rest: &str| {
        let rest = rest.strip_prefix("单位")?.trim_start();
        let rest = rest.strip_prefix([':', '：'])?.trim_start();
        let end = rest
            .find(|c: char| c.is_whitespace() || ":：,，)）".contains(c))
            .unwrap_or(rest.len());
        (end > 0).then(|| rest[..end].to_string())
    };
    let bracketed = |rest: &str| {
        let rest = rest.strip_prefix(['(', '（'])?.trim_start();
        UNITS.iter().find_map(|u| {
            let close = rest.strip_prefix(u)?.trim_start();
            close.starts_with([')', '）']).then(|| u.to_string())
        })
    };
    text.char_indices()
        .find_map(|(i, _)| after_label(&text[i..]).or_else(|| bracketed(&text[i..])))
}

pub(super) fn contacts(roles: &Roles, text: &str) -> Vec<Contact> {
    let mut out = Vec::new();
    let text = clean_text(text);
    let starts: Vec<(usize, usize, String)> = roles
        .find_all(&text)
        .into_iter()
        .map(|(start, end)| (start, end, text[start..end].to_string()))
        .collect();
    for (i, (_, end, role)) in starts.iter().enumerate() {
        let stop = starts.get(i + 1).map_or(text.len(), |s| s.0);
        let rest = &text[*end..stop];
        // `填报人：张三`, or a role and its name in cells of their own.
        let Some(rest) = rest
            .trim_start()
            .strip_prefix(['：', ':'])
            .or_else(|| rest.starts_with(' ').then_some(rest))
        else {
            continue;
        };
        let rest = vocabulary()
            .contact_ends
            .iter()
            .filter_map(|e| rest.find(e.as_str()))
            .min()
            .map_or(rest, |end| &rest[..end]);
        let (name, phone) = split_phone(rest);
        out.push(Contact {
            role: role.clone(),
            name: clean_opt(name),
            phone,
        });
    }
    out
}

/// Splits a contact's text at its phone number (`联系电话：0791-88105326`,
/// the colon optional): the name before it and the number, spaces dropped.
pub(super) fn split_phone(rest: &str) -> (&str, Option<String>) {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    for (at, _) in rest.match_indices("电话") {
        let tail = rest[at + "电话".len()..].trim_start();
        let tail = tail.strip_prefix([':', '：']).unwrap_or(tail).trim_start();
        if !tail.starts_with(is_digit) {
            continue;
        }
        // Digits, dashes and spaces, up to the last digit among them.
        let run = tail
            .find(|c: char| !(is_digit(c) || c == '-' || c == '－' || c == ' '))
            .unwrap_or(tail.len());
        let number = tail[..run].trim_end_matches(|c: char| !is_digit(c));
        if number.chars().count() < 2 {
            continue;
        }
        let start = rest[..at].strip_suffix("联系").map_or(at, str::len);
        return (&rest[..start], Some(number.replace(' ', "")));
    }
    (rest, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(roles: &[&str]) -> Roles {
        Roles::Literals(roles.iter().map(|r| r.to_string()).collect())
    }

    #[test]
    fn literal_roles_are_found_as_an_alternation_finds_them() {
        let text = "项目负责人：甲 单位负责人：乙 负责人：丙 经办人丁";
        let list = ["项目负责人", "单位负责人", "负责人", "经办人"];
        let re = Roles::Regex(regex::Regex::new(&list.join("|")).unwrap());
        assert_eq!(literals(&list).find_all(text), re.find_all(text));
        assert_eq!(literals(&list).find_all(text).len(), 4);
    }

    #[test]
    fn contacts_with_and_without_spaces() {
        let roles = literals(&["项目经办人", "项目负责人", "填报人"]);
        let c = contacts(
            &roles,
            "项目经办人：任静媛联系电话：81933212项目负责人：叶智锋联系电话：81377021",
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].name.as_deref(), Some("任静媛"));
        assert_eq!(c[1].phone.as_deref(), Some("81377021"));
        let c = contacts(&roles, "填报人：刘芳 联系电话：0791-88105326");
        assert_eq!(
            (c[0].name.as_deref(), c[0].phone.as_deref()),
            (Some("刘芳"), Some("0791-88105326"))
        );
    }

    #[test]
    fn a_signature_line_s_date_ends_the_name_and_phones_may_lack_a_colon() {
        let roles = Roles::Regex(regex::Regex::new("填表人|审核人|项目负责人").unwrap());
        let c = contacts(
            &roles,
            "填表人：王艳 审核人：张志刚 填报日期：2024年3月20日",
        );
        assert_eq!(c[1].name.as_deref(), Some("张志刚"));
        let c = contacts(&roles, "项目负责人： 李春华 联系电话： 0874-3125672");
        assert_eq!(
            (c[0].name.as_deref(), c[0].phone.as_deref()),
            (Some("李春华"), Some("0874-3125672"))
        );
        let c = contacts(&roles, "项目负责人：李春华 联系电话 0874-3125672");
        assert_eq!(c[0].phone.as_deref(), Some("0874-3125672"));
    }

    #[test]
    fn units() {
        assert_eq!(
            unit_in("部门名称（盖章）：\t单位：万元").as_deref(),
            Some("万元")
        );
        assert_eq!(unit_in("项目资金（万元）").as_deref(), Some("万元"));
        assert_eq!(unit_in("项目名称"), None);
        assert_eq!(unit_in("（单位：千元）").as_deref(), Some("千元"));
        assert_eq!(unit_in("金额（ 元 ）").as_deref(), Some("元"));
        assert_eq!(unit_in("单位：").as_deref(), None);
    }

    #[test]
    fn phones_and_entity_kinds() {
        assert_eq!(split_phone("王艳 电话 1"), ("王艳 电话 1", None));
        assert_eq!(
            split_phone("王艳联系电话：0791 - 8810 5326 填报"),
            ("王艳", Some("0791-88105326".to_string()))
        );
        assert_eq!(
            split_phone("李 电话：无 电话１３８"),
            ("李 电话：无 ", Some("１３８".to_string()))
        );
        assert_eq!(without_entity_kind("某某局 （部门）"), "某某局");
        assert_eq!(without_entity_kind("某某局(单位)"), "某某局");
        assert_eq!(without_entity_kind("某某单位"), "某某单位");
        assert_eq!(
            without_entity_kind("某某局（部门） 盖章"),
            "某某局（部门） 盖章"
        );
    }
}
