//! The database layer's own error: what can go wrong below the handlers,
//! said in the database's terms. It becomes an [`AppError`] on the way up
//! (`?` does it), which is where it gets a status and words for a person.

use diesel::result::DatabaseErrorKind;

use crate::errors::AppError;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No row matched. For a query scoped to the user it is for, that also
    /// means "not theirs": the caller cannot tell the two apart, by design.
    #[error("no such row")]
    NotFound,
    /// The database cannot be reached: no free connection in time, or one
    /// that closed under the query. Not a bug of ours, and the pool
    /// replaces the connection for the next request.
    #[error("the database is unavailable")]
    Unavailable(#[source] anyhow::Error),
    /// Anything else: a query the database refused, a broken connection.
    #[error("a database query failed")]
    Failed(#[source] anyhow::Error),
}

impl From<diesel::result::Error> for DbError {
    fn from(err: diesel::result::Error) -> Self {
        match err {
            diesel::result::Error::NotFound => Self::NotFound,
            diesel::result::Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                _,
            ) => Self::Unavailable(err.into()),
            other => Self::Failed(other.into()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for DbError {
    fn from(err: diesel::r2d2::PoolError) -> Self {
        Self::Unavailable(err.into())
    }
}

impl From<actix_web::error::BlockingError> for DbError {
    fn from(err: actix_web::error::BlockingError) -> Self {
        Self::Failed(anyhow::anyhow!("{err}"))
    }
}

impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::NotFound => Self::NotFound,
            DbError::Unavailable(cause) => Self::Unavailable(cause),
            DbError::Failed(cause) => Self::Internal(cause),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_is_printed_once_in_a_chain() {
        let err = anyhow::Error::new(DbError::Failed(anyhow::anyhow!("disk I/O error")));
        let printed = format!("{err:#}");
        assert_eq!(printed.matches("disk I/O error").count(), 1, "{printed}");
        assert!(printed.starts_with("a database query failed"), "{printed}");
    }
}
