//! The list routes of the API: your lists and those shared with you, and
//! who each is shared with. As everywhere, the models decide what the
//! token's owner may do (`domain::access`): a list they cannot see is a
//! 404, one they may see but not change this way is a 403 that says which
//! level it needs.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, post, put, web};

use super::extract::Body;
use super::list_resources::{ListPatchBody, ListResource, MemberBody, MemberResource, NewListBody};
use super::openapi::{BodyErrors, NotYours, Refusals, Unauthorized};
use super::{ApiCtx, ApiError};
use crate::domain::Refused;
use crate::models::list::{self, ListChanges};
use crate::models::member;

/// List your lists
///
/// Your own lists and those shared with you, your default list first.
#[utoipa::path(
    tag = "lists",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The lists", body = [ListResource]),
        Unauthorized,
    )
)]
#[get("/lists")]
pub async fn index(ctx: ApiCtx) -> Result<HttpResponse, ApiError> {
    let user = ctx.user.id;
    let lists = ctx.db.read(move |conn| list::visible(conn, user)).await?;
    let body: Vec<ListResource> = lists
        .into_iter()
        .map(|my| ListResource::new(my, ctx.base()))
        .collect();
    Ok(HttpResponse::Ok().json(body))
}

/// Make a list
#[utoipa::path(
    tag = "lists",
    request_body = NewListBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Made; `Location` is its URL", body = ListResource,
            headers(("Location" = String, description = "The new list's URL"))),
        BodyErrors,
        Unauthorized,
    )
)]
#[post("/lists")]
pub async fn create(ctx: ApiCtx, Body(body): Body<NewListBody>) -> Result<HttpResponse, ApiError> {
    let input = body.parse()?;
    let user = ctx.user.id;
    let made = ctx
        .db
        .write(move |conn| {
            let made = list::create(conn, user, &input)?;
            list::find(conn, user, made.id)
        })
        .await?;
    let resource = ListResource::new(made, ctx.base());
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, resource.url.clone()))
        .json(resource))
}

/// Get one list
#[utoipa::path(
    tag = "lists",
    params(("id" = i64, Path, description = "The list's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The list", body = ListResource),
        NotYours,
        Unauthorized,
    )
)]
#[get("/lists/{id}")]
pub async fn show(ctx: ApiCtx, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let (user, id) = (ctx.user.id, id.into_inner());
    let my = ctx.db.read(move |conn| list::find(conn, user, id)).await?;
    Ok(HttpResponse::Ok().json(ListResource::new(my, ctx.base())))
}

/// Change a list
///
/// Rename it or change its colour (admins and the owner), or hand it over
/// to one of its admins by sending their username as `owner` (the owner
/// only).
#[utoipa::path(
    tag = "lists",
    params(("id" = i64, Path, description = "The list's id")),
    request_body = ListPatchBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The list as it now is", body = ListResource),
        BodyErrors,
        NotYours,
        Refusals,
        Unauthorized,
    )
)]
#[patch("/lists/{id}")]
pub async fn update(
    ctx: ApiCtx,
    id: web::Path<i64>,
    Body(body): Body<ListPatchBody>,
) -> Result<HttpResponse, ApiError> {
    let (user, id) = (ctx.user.id, id.into_inner());
    let new_owner = body.owner.as_ref().map(|owner| owner.0.clone());
    let changes = ListChanges::from(body);
    let my = ctx
        .db
        .try_write(move |conn| list::update(conn, user, id, &changes, new_owner.as_deref()))
        .await?
        // The one refusal of a field here is of the new owner, which this
        // body calls `owner`.
        .map_err(|refused| match refused {
            Refused::Invalid { message, .. } => Refused::invalid("owner", message),
            denied => denied,
        })?;
    Ok(HttpResponse::Ok().json(ListResource::new(my, ctx.base())))
}

/// Delete a list
///
/// With all its tasks (the owner only). Your default list cannot be deleted.
#[utoipa::path(
    tag = "lists",
    params(("id" = i64, Path, description = "The list's id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 422, description = "It is your default list", body = super::error::ErrorBody),
        NotYours,
        Refusals,
        Unauthorized,
    )
)]
#[delete("/lists/{id}")]
pub async fn delete(ctx: ApiCtx, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let (user, id) = (ctx.user.id, id.into_inner());
    ctx.db
        .try_write(move |conn| list::delete(conn, user, id))
        .await??;
    Ok(HttpResponse::NoContent().finish())
}

/// List a list's members
///
/// Everyone it is shared with, and their level; the owner first.
#[utoipa::path(
    tag = "lists",
    params(("id" = i64, Path, description = "The list's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The members", body = [MemberResource]),
        NotYours,
        Unauthorized,
    )
)]
#[get("/lists/{id}/members")]
pub async fn members(ctx: ApiCtx, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let (user, id) = (ctx.user.id, id.into_inner());
    let members = ctx
        .db
        .read(move |conn| member::of_list(conn, user, id))
        .await?;
    let body: Vec<MemberResource> = members.into_iter().map(MemberResource::from).collect();
    Ok(HttpResponse::Ok().json(body))
}

/// Get one member's level
#[utoipa::path(
    tag = "lists",
    params(
        ("id" = i64, Path, description = "The list's id"),
        ("username" = String, Path, description = "The member's username"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The member", body = MemberResource),
        NotYours,
        Unauthorized,
    )
)]
#[get("/lists/{id}/members/{username}")]
pub async fn show_member(
    ctx: ApiCtx,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, username) = path.into_inner();
    let user = ctx.user.id;
    let found = ctx
        .db
        .read(move |conn| {
            member::named(conn, user, id, &username)?.ok_or(diesel::result::Error::NotFound)
        })
        .await?;
    Ok(HttpResponse::Ok().json(MemberResource::from(found)))
}

/// Share a list, or change a member's level
///
/// Admins share at `read` and `write`; only the owner makes admins.
#[utoipa::path(
    tag = "lists",
    params(
        ("id" = i64, Path, description = "The list's id"),
        ("username" = String, Path, description = "Who to share it with"),
    ),
    request_body = MemberBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Their level changed", body = MemberResource),
        (status = 201, description = "Shared with them", body = MemberResource),
        BodyErrors,
        NotYours,
        Refusals,
        Unauthorized,
    )
)]
#[put("/lists/{id}/members/{username}")]
pub async fn share(
    ctx: ApiCtx,
    path: web::Path<(i64, String)>,
    Body(body): Body<MemberBody>,
) -> Result<HttpResponse, ApiError> {
    let level = body.parse()?;
    let (id, username) = path.into_inner();
    let user = ctx.user.id;
    let shared = ctx
        .db
        .try_write(move |conn| member::share(conn, user, id, &username, level))
        .await??;
    let body = MemberResource {
        username: shared.username,
        level: shared.level.as_str(),
    };
    Ok(match shared.before {
        Some(_) => HttpResponse::Ok().json(body),
        None => HttpResponse::Created().json(body),
    })
}

/// Stop sharing a list with someone, or leave it
///
/// Your own username leaves the list (anyone but the owner).
#[utoipa::path(
    tag = "lists",
    params(
        ("id" = i64, Path, description = "The list's id"),
        ("username" = String, Path, description = "The member to remove, or yourself"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 422, description = "No such member, or the owner", body = super::error::ErrorBody),
        NotYours,
        Refusals,
        Unauthorized,
    )
)]
#[delete("/lists/{id}/members/{username}")]
pub async fn unshare(
    ctx: ApiCtx,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, username) = path.into_inner();
    let user = ctx.user.id;
    ctx.db
        .try_write(move |conn| member::unshare(conn, user, id, &username))
        .await??;
    Ok(HttpResponse::NoContent().finish())
}
