"""A person's interview plans: the planner, its inputs and cache, the plan page, Today, the
review queue, the calendar feed and the reminders."""
