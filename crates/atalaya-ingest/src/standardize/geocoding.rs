//! Placing a row that gives an address instead of usable coordinates.

use crate::geocode::Geocoded;
use crate::{Reason, Rejection};

use super::Standardizer;

impl Standardizer {
    /// Whether `fields` name an address and a gazetteer is at hand to place it.
    pub(super) fn geocodable(&self, fields: &[String]) -> bool {
        self.geocoder.is_some() && !self.cell(self.address.as_ref(), fields).is_empty()
    }

    /// The row's address placed by the gazetteer, or why it could not be.
    pub(super) fn geocoded(&self, fields: &[String], row: u64) -> Result<Geocoded, Rejection> {
        let address = self.cell(self.address.as_ref(), fields);
        let reject = |why: String| Rejection {
            row,
            column: self.address.as_ref().map(|c| c.name.clone()),
            value: Some(address.to_string()),
            expected: format!(
                "usable coordinates, or an address the street gazetteer can place ({why})"
            ),
            reason: Reason::NoLocation,
        };
        let Some(gazetteer) = &self.geocoder else {
            return Err(reject("no gazetteer loaded".into()));
        };
        gazetteer
            .geocode(address)
            .map_err(|e| reject(e.to_string()))
    }
}
