//! Reading a request: [`Body<T>`] for a JSON body, [`Params<T>`] for a
//! query string, and the rule that sorts what can go wrong.
//!
//! Anything wrong with one named field (missing when required, of the
//! wrong type, `null` where not allowed, an invalid value) is a 422
//! `invalid_field` whose message starts with the field's name:
//! `serde_path_to_error` says which field failed, and [`super::fields`]
//! says what it expects. Only what is about no one field is a 400
//! `bad_request`: JSON that does not parse, a body that is not an object,
//! a key given twice, a query string that does not decode. Unknown fields
//! are ignored, as Todo-Backend clients send extra ones.

use std::fmt::Display;
use std::future::{Future, Ready, ready};
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::JsonPayloadError;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::{DeserializeOwned, Error as _, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::ApiError;
use crate::errors::AppError;

/// JSON bodies are small: a task is at most a few kilobytes.
const MAX_JSON_BYTES: usize = 64 * 1024;

/// How `web::Json` reads the API's bodies: their size limit, and its
/// errors (too large, not JSON, not parsed) as JSON errors.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(MAX_JSON_BYTES)
        .error_handler(|err, _| json_error(err).into())
}

fn json_error(err: JsonPayloadError) -> ApiError {
    ApiError(match err {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            AppError::PayloadTooLarge
        }
        JsonPayloadError::ContentType => AppError::UnsupportedMediaType(
            "Send JSON, with `Content-Type: application/json`.".to_owned(),
        ),
        JsonPayloadError::Deserialize(err) => {
            AppError::BadRequest(format!("The JSON body is not valid: {err}."))
        }
        other => AppError::BadRequest(format!("The body could not be read: {other}.")),
    })
}

/// A JSON body read as `T`, one field at a time.
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Body<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // First the body as a whole: its size, its type, its syntax, an
        // object with each key once (`json_config`'s 400, 413 and 415).
        let object = web::Json::<JsonObject>::from_request(req, payload);
        Box::pin(async move {
            let web::Json(JsonObject(object)) = object.await?;
            // Then its fields, each of which now has a name.
            let fields = serde_path_to_error::deserialize(Value::Object(object))
                .map_err(|err| refusal(err, "The JSON body"))?;
            Ok(Body(fields))
        })
    }
}

/// A query string read as `T`, one parameter at a time.
#[derive(Debug)]
pub struct Params<T>(pub T);

impl<T: DeserializeOwned> FromRequest for Params<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(read_query(req.query_string()).map(Params))
    }
}

fn read_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    // `form_urlencoded` would read `%zz` as itself and bytes that are not
    // UTF-8 as U+FFFD: a value nobody sent.
    if !decodes(query) {
        return Err(ApiError(AppError::BadRequest(
            "The query string cannot be decoded: it holds a bad %-escape or bytes that are not \
             UTF-8 text."
                .to_owned(),
        )));
    }
    let pairs = url::form_urlencoded::parse(query.as_bytes());
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs))
        .map_err(|err| refusal(err, "The query string"))
}

/// Whether every `%` starts an escape of two hex digits, and the decoded
/// text is UTF-8.
fn decodes(query: &str) -> bool {
    let escapes = query.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    escapes
        && percent_encoding::percent_decode_str(query)
            .decode_utf8()
            .is_ok()
}

/// A failure to read `what`: a 422 naming the field it happened in, or a
/// 400 when it happened in no field.
fn refusal<E: Display>(err: serde_path_to_error::Error<E>, what: &str) -> ApiError {
    if err.path().iter().next().is_none() {
        return ApiError(AppError::BadRequest(format!(
            "{what} is not valid: {}.",
            err.inner()
        )));
    }
    let field = err.path().to_string();
    ApiError(AppError::validation(&field, err.into_inner().to_string()))
}

/// A request body that must be a JSON object, each key once. serde's
/// derived structs also accept an array of the fields in order
/// (`["Buy milk"]`), which no client of this API means to send, and keep
/// the last of two equal keys, which JSON leaves undefined.
struct JsonObject(Map<String, Value>);

impl<'de> Deserialize<'de> for JsonObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(UniqueKeys).map(JsonObject)
    }
}

struct UniqueKeys;

impl<'de> Visitor<'de> for UniqueKeys {
    type Value = Map<String, Value>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut object = Map::new();
        while let Some((key, value)) = access.next_entry::<String, Value>()? {
            if object.contains_key(&key) {
                return Err(A::Error::custom(format!("the key `{key}` appears twice")));
            }
            object.insert(key, value);
        }
        Ok(object)
    }
}

#[cfg(test)]
mod tests {
    use super::decodes;

    #[test]
    fn only_well_escaped_utf8_query_strings_decode() {
        for good in [
            "",
            "q=milk",
            "q=caf%C3%A9",
            "q=%25",
            "q=a+b",
            "limit=5&offset=10",
        ] {
            assert!(decodes(good), "{good}");
        }
        for bad in ["q=%zz", "q=%", "q=%4", "limit=%FF%FE", "completed=tru%65%"] {
            assert!(!decodes(bad), "{bad}");
        }
    }
}
