"""Reports for a day, a week or a month: figures computed in SQL, the page with SVG charts, CSV and XLSX exports."""
