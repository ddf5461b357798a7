-- Issue 19: an emergency grant that ended without a review is brought to the security admins once.
alter table break_glass_opening add column review_reminded_at timestamp with time zone;
