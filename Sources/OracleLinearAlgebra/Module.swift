// Module skeleton; filled by its issue.
