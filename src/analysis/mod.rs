//! The computations: one questionnaire [`assess`]ed (scored by [`score`], its actions
//! [`rank`]ed), [`threshold`]s that gate a pipeline, two assessments compared ([`diff`]) and a
//! panel combined into a consensus ([`aggregate`]). Pure functions of validated data.

pub mod aggregate;
pub mod assess;
pub mod diff;
pub mod plan;
pub mod rank;
pub mod score;
pub mod threshold;
