//! When a workstation syncs on its own: every `interval` while the server answers, and with
//! exponential back-off (doubling, up to a ceiling) while it cannot be reached, so an offline
//! laptop does not keep knocking. The desktop shell runs the loop; the policy lives here.

use std::time::Duration;

/// The background sync's rhythm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyncSchedule {
    /// Between sessions while the server answers. Zero turns background sync off.
    pub interval: Duration,
    /// The longest wait while the server cannot be reached.
    pub max_backoff: Duration,
}

/// Sessions every minute by default.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(60);
/// At most a quarter of an hour between tries while offline.
pub const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);

impl Default for SyncSchedule {
    fn default() -> Self {
        Self {
            interval: DEFAULT_INTERVAL,
            max_backoff: MAX_BACKOFF,
        }
    }
}

impl SyncSchedule {
    /// The schedule an environment value asks for (`ATALAYA_SYNC_INTERVAL`, whole seconds;
    /// `0` turns background sync off). Unset, empty or unreadable: the default.
    pub fn from_setting(seconds: Option<&str>) -> Self {
        let interval = seconds
            .map(str::trim)
            .and_then(|s| s.parse::<u64>().ok())
            .map_or(DEFAULT_INTERVAL, Duration::from_secs);
        Self {
            interval,
            max_backoff: MAX_BACKOFF.max(interval),
        }
    }

    /// Whether the workstation syncs on its own at all.
    pub fn enabled(&self) -> bool {
        !self.interval.is_zero()
    }

    /// The wait before the next session after `unreachable` sessions in a row could not reach
    /// the server (0 after a session that reached it, whatever its answer).
    pub fn delay_after(&self, unreachable: u32) -> Duration {
        let factor = 1u32.checked_shl(unreachable.min(31)).unwrap_or(u32::MAX);
        self.interval
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(interval_s: u64, unreachable: u32, expected_s: u64) {
        let schedule = SyncSchedule {
            interval: Duration::from_secs(interval_s),
            max_backoff: MAX_BACKOFF,
        };
        assert_eq!(
            schedule.delay_after(unreachable),
            Duration::from_secs(expected_s),
            "interval {interval_s} s after {unreachable} unreachable sessions"
        );
    }

    #[test]
    fn the_wait_doubles_while_the_server_is_unreachable_up_to_a_quarter_of_an_hour() {
        check(60, 0, 60);
        check(60, 1, 120);
        check(60, 2, 240);
        check(60, 3, 480);
        check(60, 4, 900);
        check(60, 40, 900);
        check(5, 3, 40);
    }

    #[test]
    fn the_setting_is_whole_seconds_zero_is_off_and_nonsense_is_the_default() {
        let s = |v: Option<&str>| SyncSchedule::from_setting(v);
        assert_eq!(s(Some("2")).interval, Duration::from_secs(2));
        assert_eq!(s(Some(" 90 ")).interval, Duration::from_secs(90));
        assert!(!s(Some("0")).enabled());
        assert_eq!(s(Some("pronto")).interval, DEFAULT_INTERVAL);
        assert_eq!(s(None).interval, DEFAULT_INTERVAL);
        // A long interval is never cut short by the back-off ceiling.
        assert_eq!(
            s(Some("3600")).delay_after(2),
            Duration::from_secs(3600),
            "ceiling = max(15 min, interval)"
        );
    }
}
