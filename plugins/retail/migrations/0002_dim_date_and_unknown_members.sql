-- Safe casts: staging holds text as delivered; a value that is not a valid number or date becomes
-- NULL in the warehouse (and a completeness or validity rule reports it) instead of failing the load.
-- Each is a single CASE over pattern checks, so PostgreSQL inlines it into the calling query: no
-- function call or exception block per row (a non-inlined version cost 0.3 ms a call).
CREATE OR REPLACE FUNCTION dq_try_numeric(v text) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v ~ '^\s*-?(\d{1,20}(\.\d*)?|\.\d+)\s*$' THEN v::numeric END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dq_try_int(v text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v ~ '^\s*-?\d{1,9}\s*$' THEN v::integer END
$$;
--> statement-breakpoint
-- YYYY-MM-DD, optionally followed by a time: the pattern checks the shape, then plain
-- comparisons bound month, day, hour, minute and second, and the day against its month's length.
-- Written out in each function rather than nested, so each stays inlinable (a nested call was
-- not inlined and cost 40 us a row).
CREATE OR REPLACE FUNCTION dq_try_date(v text) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN v !~ '^\s*\d{4}-\d\d-\d\d([ T]\d\d:\d\d(:\d\d(\.\d+)?)?)?\s*$' THEN NULL
    -- fixed-width digit fields compare as text exactly as they would as numbers
    WHEN substr(btrim(v), 1, 4) = '0000' OR substr(btrim(v), 6, 2) NOT BETWEEN '01' AND '12'
      OR substr(btrim(v), 9, 2) NOT BETWEEN '01' AND '31' THEN NULL
    WHEN length(btrim(v)) > 10 AND (substr(btrim(v), 12, 2) > '23' OR substr(btrim(v), 15, 2) > '59'
      OR substr(btrim(v), 18, 2) > '59') THEN NULL
    WHEN substr(btrim(v), 9, 2) <= '28' THEN substr(btrim(v), 1, 10)::date
    WHEN substr(btrim(v), 9, 2)::int > extract(day FROM (substr(btrim(v), 1, 7) || '-01')::date + interval '1 month - 1 day') THEN NULL
    ELSE substr(btrim(v), 1, 10)::date
  END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dq_try_timestamp(v text) RETURNS timestamp LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN v !~ '^\s*\d{4}-\d\d-\d\d([ T]\d\d:\d\d(:\d\d(\.\d+)?)?)?\s*$' THEN NULL
    -- fixed-width digit fields compare as text exactly as they would as numbers
    WHEN substr(btrim(v), 1, 4) = '0000' OR substr(btrim(v), 6, 2) NOT BETWEEN '01' AND '12'
      OR substr(btrim(v), 9, 2) NOT BETWEEN '01' AND '31' THEN NULL
    WHEN length(btrim(v)) > 10 AND (substr(btrim(v), 12, 2) > '23' OR substr(btrim(v), 15, 2) > '59'
      OR substr(btrim(v), 18, 2) > '59') THEN NULL
    WHEN substr(btrim(v), 9, 2) <= '28' THEN btrim(v)::timestamp
    WHEN substr(btrim(v), 9, 2)::int > extract(day FROM (substr(btrim(v), 1, 7) || '-01')::date + interval '1 month - 1 day') THEN NULL
    ELSE btrim(v)::timestamp
  END
$$;
--> statement-breakpoint
-- dim_date: every day 2020-01-01 .. 2030-12-31, with US federal holidays and their observed days
-- (a fixed-date holiday on a Saturday is observed the Friday before, on a Sunday the Monday after).
WITH days AS (
  SELECT d::date AS d FROM generate_series(DATE '2020-01-01', DATE '2030-12-31', interval '1 day') d
),
years AS (SELECT generate_series(2020, 2030) AS y),
nth AS (
  -- the n-th given weekday (0 = Sunday) of a month; n = -1 for the last one
  SELECT y, name, CASE WHEN n > 0
      THEN make_date(y, m, 1) + ((dow - extract(dow FROM make_date(y, m, 1))::int + 7) % 7) + (n - 1) * 7
      ELSE (make_date(y, m, 1) + interval '1 month - 1 day')::date
           - ((extract(dow FROM (make_date(y, m, 1) + interval '1 month - 1 day'))::int - dow + 7) % 7)
    END AS d
  FROM years,
       (VALUES ('Martin Luther King Jr. Day', 1, 1, 3), ('Presidents'' Day', 2, 1, 3), ('Memorial Day', 5, 1, -1),
               ('Labor Day', 9, 1, 1), ('Columbus Day', 10, 1, 2), ('Thanksgiving Day', 11, 4, 4)) AS h(name, m, dow, n)
),
fixed AS (
  SELECT y, name, make_date(y, m, dd) AS d
  FROM years, (VALUES ('New Year''s Day', 1, 1), ('Juneteenth', 6, 19), ('Independence Day', 7, 4),
                      ('Veterans Day', 11, 11), ('Christmas Day', 12, 25)) AS h(name, m, dd)
  WHERE name <> 'Juneteenth' OR y >= 2021
),
holidays AS (
  SELECT d, name FROM nth
  UNION ALL SELECT d, name FROM fixed
  UNION ALL
  SELECT CASE extract(dow FROM d) WHEN 6 THEN d - 1 ELSE d + 1 END, name || ' (observed)'
    FROM fixed WHERE extract(dow FROM d) IN (0, 6)
)
INSERT INTO dim_date (date_key, date_actual, day_name, day_of_week, day_of_month, day_of_year, week_of_year,
                      month_number, month_name, quarter, year_number, is_weekend, is_holiday, holiday_name)
SELECT to_char(days.d, 'YYYYMMDD')::int, days.d, to_char(days.d, 'FMDay'), extract(isodow FROM days.d)::int,
       extract(day FROM days.d)::int, extract(doy FROM days.d)::int, extract(week FROM days.d)::int,
       extract(month FROM days.d)::int, to_char(days.d, 'FMMonth'), extract(quarter FROM days.d)::int,
       extract(year FROM days.d)::int, extract(isodow FROM days.d) IN (6, 7),
       h.name IS NOT NULL, h.name
  FROM days
  LEFT JOIN LATERAL (SELECT string_agg(name, ', ' ORDER BY name) AS name FROM holidays WHERE holidays.d = days.d) h ON true
ON CONFLICT (date_key) DO NOTHING;
--> statement-breakpoint
-- Unknown members: a fact whose dimension row cannot be found points here (key -1), never NULL.
INSERT INTO dim_date (date_key, day_name, month_name, is_weekend, is_holiday) VALUES (-1, 'Unknown', 'Unknown', false, false)
ON CONFLICT (date_key) DO NOTHING;
--> statement-breakpoint
INSERT INTO dim_customer (customer_key, customer_id, first_name, last_name, full_name, valid_from, valid_to, is_current)
VALUES (-1, 'UNKNOWN', 'Unknown', 'Customer', 'Unknown customer', DATE '1900-01-01', DATE '9999-12-31', true)
ON CONFLICT (customer_key) DO NOTHING;
--> statement-breakpoint
INSERT INTO dim_product (product_key, product_id, product_name, product_category, is_active)
VALUES (-1, 'UNKNOWN', 'Unknown product', 'Unknown', false)
ON CONFLICT (product_key) DO NOTHING;
--> statement-breakpoint
INSERT INTO dim_campaign (campaign_key, campaign_id, campaign_name, campaign_channel)
VALUES (-1, 'UNKNOWN', 'Unknown campaign', 'Unknown')
ON CONFLICT (campaign_key) DO NOTHING;
