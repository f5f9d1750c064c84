// The tables as diesel sees them. Written to match the migrations; ids are
// declared `BigInt` because SQLite's `INTEGER PRIMARY KEY` holds 64 bits and
// PostgreSQL's `BIGSERIAL` is the same width, so one schema serves both.

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        token_hash -> Text,
        last_chars -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    limit_events (id) {
        id -> BigInt,
        bucket -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        key_hash -> Text,
        user_id -> Nullable<BigInt>,
        state -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        public_id -> Nullable<Text>,
    }
}

diesel::table! {
    settings (name) {
        name -> Text,
        value -> Text,
    }
}

diesel::table! {
    list_members (user_id, list_id) {
        user_id -> BigInt,
        list_id -> BigInt,
        level -> SmallInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    lists (id) {
        id -> BigInt,
        owner_id -> BigInt,
        name -> Text,
        colour -> Nullable<Text>,
        is_default -> Bool,
        open_tasks -> BigInt,
        done_tasks -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        sync_seq -> BigInt,
        dav_name -> Nullable<Text>,
        sync_floor -> BigInt,
        feed_secret -> Nullable<Text>,
    }
}

diesel::table! {
    dav_changes (list_id, dav_name) {
        list_id -> BigInt,
        dav_name -> Text,
        seq -> BigInt,
        gone -> Bool,
        gone_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    tasks (id) {
        id -> BigInt,
        list_id -> BigInt,
        title -> Text,
        notes -> Text,
        completed -> Bool,
        due -> Nullable<Date>,
        priority -> SmallInt,
        position -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        parent_id -> Nullable<BigInt>,
        labels -> Text,
        rrule -> Nullable<Text>,
        repeat_from -> Text,
        completions -> BigInt,
        last_done_at -> Nullable<Timestamp>,
        uid -> Text,
        dav_name -> Text,
        ical -> Nullable<Text>,
    }
}

diesel::table! {
    task_labels (task_id, label_key) {
        task_id -> BigInt,
        list_id -> BigInt,
        label_key -> Text,
        label -> Text,
    }
}

diesel::table! {
    trash (id) {
        id -> BigInt,
        list_id -> BigInt,
        parent_id -> Nullable<BigInt>,
        title -> Text,
        notes -> Text,
        completed -> Bool,
        due -> Nullable<Date>,
        priority -> SmallInt,
        position -> BigInt,
        labels -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        root_id -> BigInt,
        trashed_at -> Timestamp,
        trashed_by -> Nullable<BigInt>,
        rrule -> Nullable<Text>,
        repeat_from -> Text,
        completions -> BigInt,
        last_done_at -> Nullable<Timestamp>,
        uid -> Text,
        dav_name -> Text,
        ical -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        password_hash -> Text,
        is_admin -> Bool,
        is_disabled -> Bool,
        created_at -> Timestamp,
        last_login_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(list_members -> lists (list_id));
diesel::joinable!(list_members -> users (user_id));
diesel::joinable!(lists -> users (owner_id));
diesel::joinable!(tasks -> lists (list_id));
diesel::joinable!(task_labels -> tasks (task_id));
diesel::joinable!(trash -> lists (list_id));
diesel::joinable!(dav_changes -> lists (list_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_tokens,
    dav_changes,
    limit_events,
    list_members,
    lists,
    sessions,
    settings,
    task_labels,
    tasks,
    trash,
    users
);
