//! The server's test suite, written once over any backend: each test is a function taking a
//! [`Backend`](crate::common::Backend), and `backend_suite!` instantiates all of them for one
//! backend (see `tests/sqlite.rs`).

pub mod authz;
pub mod bad_input;
pub mod equivalence;
pub mod hello;
pub mod lifecycle;
pub mod round_trip;

/// One `#[test]` per suite function, run against `$backend`.
macro_rules! backend_suite {
    ($backend:expr) => {
        crate::suite::backend_suite!(@tests $backend;
            round_trip::given_two_devices_when_they_sync_then_they_hold_the_same_records,
            round_trip::given_a_replayed_batch_then_it_is_acknowledged_and_not_applied_again,
            round_trip::given_a_concurrent_guarded_edit_then_both_devices_see_one_conflict,
            authz::every_endpoint_by_every_role_in_and_out_of_jurisdiction,
            authz::given_a_field_user_for_cuadrante_3_then_no_cuadrante_5_record_ever_arrives,
            authz::given_a_revoked_device_then_every_request_is_refused,
            authz::given_no_token_or_a_bad_one_then_requests_are_refused,
            authz::given_a_message_naming_another_device_then_it_is_refused,
            authz::given_wrong_credentials_then_registration_is_refused,
            authz::given_a_field_user_then_the_whole_comuna_cannot_be_their_jurisdiction,
            authz::given_a_review_then_only_supervisors_and_admins_may_write_it,
            bad_input::given_bad_requests_then_each_is_refused_with_its_code_and_nothing_changes,
            bad_input::given_arbitrary_bodies_then_push_and_pull_refuse_them_and_nothing_changes,
            hello::given_each_version_mismatch_then_hello_says_who_must_update,
            lifecycle::given_a_server_that_served_a_sync_when_it_stops_then_it_stops_cleanly,
            equivalence::given_random_pushes_and_pulls_then_the_backend_answers_as_the_in_memory_model,
        );
    };
    (@tests $backend:expr; $($module:ident :: $test:ident),+ $(,)?) => {
        $(
            #[test]
            fn $test() {
                suite::$module::$test(&$backend);
            }
        )+
    };
}
pub(crate) use backend_suite;
