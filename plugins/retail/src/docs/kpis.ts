import type { KpiDefinition } from '@dq/plugin-api';

/**
 * The retail model's KPIs, contributed to kpis.md (`dq docs`) through tokens.kpi. Every query runs
 * on the demo warehouse as written (test/integration/retail-kpis.test.ts runs each one).
 */
export const retailKpis: readonly KpiDefinition[] = [
  {
    name: 'Total Revenue',
    definition: 'Net sales value of all completed line items in the period (after discounts).',
    sql: `SELECT d.year_number, d.month_number, sum(f.net_amount) AS total_revenue
  FROM fact_transactions f JOIN dim_date d ON d.date_key = f.transaction_date_key
 WHERE f.payment_status = 'Completed'
 GROUP BY d.year_number, d.month_number ORDER BY d.year_number, d.month_number;
`,
    target: '+5% month over month',
    owner: 'Finance',
    frequency: 'Daily',
    dashboard: 'Executive overview',
  },
  {
    name: 'Average Order Value (AOV)',
    definition: 'Net revenue divided by the number of distinct orders.',
    sql: `SELECT sum(net_amount) / nullif(count(DISTINCT transaction_id), 0) AS aov
  FROM fact_transactions WHERE payment_status = 'Completed';
`,
    target: '>= 75.00',
    owner: 'E-commerce',
    frequency: 'Daily',
    dashboard: 'Sales',
  },
  {
    name: 'Customer Lifetime Value (CLV)',
    definition: 'Total net revenue of a customer since registration, kept on the current customer version.',
    sql: `SELECT customer_id, total_spent, total_orders
  FROM dim_customer WHERE is_current ORDER BY total_spent DESC;
`,
    target: 'Median CLV grows quarter over quarter',
    owner: 'Analytics',
    frequency: 'Daily (after dq transform)',
    dashboard: 'Customer',
  },
  {
    name: 'Active Customers',
    definition: 'Current customers whose account status is Active and who ordered in the last 90 days.',
    sql: `SELECT count(DISTINCT c.customer_id)
  FROM dim_customer c JOIN fact_transactions f ON f.customer_key = c.customer_key
  JOIN dim_date d ON d.date_key = f.transaction_date_key
 WHERE c.is_current AND c.account_status = 'Active' AND d.date_actual >= CURRENT_DATE - 90;
`,
    target: '>= 60% of registered customers',
    owner: 'Marketing',
    frequency: 'Weekly',
    dashboard: 'Customer',
  },
  {
    name: 'Campaign Response Rate',
    definition: 'Responses that converted divided by all responses, per campaign.',
    sql: `SELECT c.campaign_name,
       count(*) FILTER (WHERE r.response_type = 'Converted')::numeric / nullif(count(*), 0) * 100 AS response_rate_pct
  FROM fact_campaign_responses r JOIN dim_campaign c ON c.campaign_key = r.campaign_key
 GROUP BY c.campaign_name;
`,
    target: '>= 3%',
    owner: 'Marketing',
    frequency: 'Per campaign, daily while running',
    dashboard: 'Marketing',
  },
  {
    name: 'Gross Margin %',
    definition: '(retail price - unit cost) / retail price of each product, averaged over active products.',
    sql: `SELECT avg(margin_percentage) FROM dim_product WHERE is_active;
`,
    target: '>= 35%',
    owner: 'Merchandising',
    frequency: 'Weekly',
    dashboard: 'Product',
  },
  {
    name: 'Overall Data Quality Score',
    definition: 'Mean of the record-weighted pass rates of the quality categories that ran in a check run.',
    sql: `SELECT report_date, overall_quality_score FROM dq_scorecards ORDER BY created_at DESC LIMIT 30;
`,
    target: '>= 95 (green); 80-95 amber; below 80 red',
    owner: 'Data Engineering',
    frequency: 'Every dq check (daily)',
    dashboard: 'Data quality report',
  },
  {
    name: 'Failed Critical Rules',
    definition: 'Rules of severity critical that ended FAILED in the latest check run.',
    sql: `SELECT count(*) FROM dq_test_results r
 WHERE r.run_id = (SELECT run_id FROM dq_scorecards ORDER BY created_at DESC LIMIT 1)
   AND r.severity = 'critical' AND r.test_status = 'FAILED';
`,
    target: '0',
    owner: 'Data Engineering',
    frequency: 'Every dq check (daily)',
    dashboard: 'Data quality report',
  },
];
