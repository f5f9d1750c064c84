DROP INDEX tasks_user_completed_due;
