//! The data the tool reasons with: the question [`bank`] and the [`playbook`], built in or
//! extended by a team's own files ([`team_files`]), loaded together by [`Data::load`].

pub mod bank;
pub mod playbook;
pub mod team_files;
